import LinearProgramming

/// Small models whose optima are derived by hand in the comments.
enum Fixtures {
    /// Hillier & Lieberman's Wyndor Glass: max 3x + 5y s.t. x <= 4, 2y <= 12, 3x + 2y <= 18, x, y >= 0.
    /// Optimum x = 2, y = 6, objective 36. Duals (shadow prices): 0 for plant 1 (slack 2),
    /// 1.5 for plant 2, 1 for plant 3. Check: 12 * 1.5 + 18 * 1 = 36 = the objective (strong duality).
    static func wyndor() -> (model: LinearModel, x: VariableID, y: VariableID, rows: [ConstraintID]) {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", objective: 3)
        let y = model.addVariable("y", objective: 5)
        let plant1 = model.addConstraint("plant1", [(x, 1)], bounds: .upper(4))
        let plant2 = model.addConstraint("plant2", [(y, 2)], bounds: .upper(12))
        let plant3 = model.addConstraint("plant3", [(x, 3), (y, 2)], bounds: .upper(18))
        return (model, x, y, [plant1, plant2, plant3])
    }

    /// A transportation problem, minimise cost. Supplies A = 30, B = 30; demands X = 10, Y = 25, Z = 15.
    /// Costs A: X 2, Y 3, Z 1; B: X 5, Y 4, Z 8. A is cheaper everywhere, so A ships all 30:
    /// Z 15 (saves 7 over B), X 10 (saves 3), Y 5 (saves 1); B ships Y 20 and keeps 10.
    /// Cost 15*1 + 10*2 + 5*3 + 20*4 = 130. Duals: B has slack so u_B = 0; Y is served by B:
    /// v_Y = 4; A serves Y too: u_A = 3 - 4 = -1; v_X = 2 + 1 = 3; v_Z = 1 + 1 = 2.
    /// Reduced costs of the unused routes: B->X 5 - 3 = 2, B->Z 8 - 2 = 6 (> 0: unique optimum).
    static func transportation(scale: Double = 1, perturbation: Double = 0)
        -> (model: LinearModel, routes: [[VariableID]], supplies: [ConstraintID], demands: [ConstraintID])
    {
        let supply = [30.0, 30.0].map { $0 * scale }
        let demand = [10.0, 25.0, 15.0].map { $0 * scale }
        let cost = [[2.0, 3.0, 1.0], [5.0, 4.0, 8.0]]
        var model = LinearModel(sense: .minimize)
        var routes: [[VariableID]] = []
        for (i, row) in cost.enumerated() {
            routes.append(row.enumerated().map { j, c in
                model.addVariable("ship_\(i)_\(j)", objective: c + perturbation * Double(i + j))
            })
        }
        let supplies = supply.indices.map { i in
            model.addConstraint("supply_\(i)", routes[i].map { ($0, 1.0) }, bounds: .upper(supply[i]))
        }
        let demands = demand.indices.map { j in
            model.addConstraint("demand_\(j)", routes.indices.map { (routes[$0][j], 1.0) }, bounds: .lower(demand[j]))
        }
        return (model, routes, supplies, demands)
    }

    /// A 0-1 knapsack: values 10 13 7 8 9, weights 5 6 3 4 4, capacity 12.
    static let knapsackValues = [10.0, 13, 7, 8, 9]
    static let knapsackWeights = [5.0, 6, 3, 4, 4]
    static let knapsackCapacity = 12.0

    static func knapsack() -> (model: LinearModel, items: [VariableID]) {
        var model = LinearModel(sense: .maximize)
        let items = knapsackValues.indices.map {
            model.addVariable("item\($0)", kind: .binary, objective: knapsackValues[$0])
        }
        model.addConstraint("capacity", items.indices.map { (items[$0], knapsackWeights[$0]) }, bounds: .upper(knapsackCapacity))
        return (model, items)
    }

    /// A multi-dimensional 0-1 knapsack (120 items, 8 constraints, capacities a quarter of each
    /// row's total) that GLPK cannot prove optimal in seconds; it finds incumbents quickly.
    /// Measured with glpsol on the same data: gap still 0.7% after 10 s.
    static func hardKnapsack(items n: Int = 120, constraints m: Int = 8) -> LinearModel {
        var generator = LinearCongruential(seed: 11)
        let weights = (0..<m).map { _ in (0..<n).map { _ in Double(generator.next(upTo: 1000) + 1) } }
        var model = LinearModel(sense: .maximize)
        let x = (0..<n).map { i in
            let mean = (0..<m).reduce(0.0) { $0 + weights[$1][i] } / Double(m)
            return model.addVariable("x\(i)", kind: .binary, objective: mean.rounded(.down) + Double(generator.next(upTo: 51)))
        }
        for k in 0..<m {
            let capacity = (weights[k].reduce(0, +) / 4).rounded(.down)
            model.addConstraint("c\(k)", (0..<n).map { (x[$0], weights[k][$0]) }, bounds: .upper(capacity))
        }
        return model
    }
}

/// A tiny deterministic generator for test data (the same numbers on every platform).
struct LinearCongruential {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
    mutating func next(upTo bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}


