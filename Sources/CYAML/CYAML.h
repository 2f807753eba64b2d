/* Umbrella header for the system libyaml (Debian: libyaml-dev), used event by event by Scenarios. */
#include <yaml.h>
