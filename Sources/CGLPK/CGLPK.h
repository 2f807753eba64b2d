/* Umbrella header for the system GLPK library (Debian: libglpk-dev, GLPK 5.0). */
#include <glpk.h>
