/// One-to-one matching of rows to columns with the best total score: the Hungarian algorithm
/// (Kuhn–Munkres, in the shortest-augmenting-path form with row/column potentials), O(n² m) for
/// n ≤ m. Rectangular matrices are allowed: with more rows than columns, `min(rows, columns)` pairs
/// are made and the remaining rows stay unmatched. Peer tools (breaching) use it to pair batch
/// reconstructions with the originals before scoring them (docs/PAPER.md "Measuring leakage").
public enum OptimalAssignment {
    /// The matching minimising the total `cost[row][column]` over matched pairs.
    public static func minimisingCost(_ cost: [[Double]]) throws(LeakageError) -> Assignment {
        try solve(cost, maximise: false, function: "OptimalAssignment.minimisingCost")
    }

    /// The matching maximising the total `similarity[row][column]` over matched pairs.
    public static func maximisingSimilarity(_ similarity: [[Double]]) throws(LeakageError) -> Assignment {
        try solve(similarity, maximise: true, function: "OptimalAssignment.maximisingSimilarity")
    }

    static func solve(_ matrix: [[Double]], maximise: Bool, function: String) throws(LeakageError) -> Assignment {
        let columns = try LeakageError.requireMatrix(matrix, "score matrix", function: function)
        let rows = matrix.count
        let sign = maximise ? -1.0 : 1.0
        var columnForRow = [Int?](repeating: nil, count: rows)
        if rows <= columns {
            let match = hungarian(rows: rows, columns: columns) { sign * matrix[$0][$1] }
            for (r, c) in match.enumerated() { columnForRow[r] = c }
        } else {
            let match = hungarian(rows: columns, columns: rows) { sign * matrix[$1][$0] }
            for (c, r) in match.enumerated() { columnForRow[r] = c }
        }
        var rowForColumn = [Int?](repeating: nil, count: columns)
        var total = 0.0
        for (r, c) in columnForRow.enumerated() {
            if let c { rowForColumn[c] = r; total += matrix[r][c] }
        }
        return Assignment(columnForRow: columnForRow, rowForColumn: rowForColumn, total: total)
    }

    /// Minimum-cost assignment of every row to a distinct column (`rows ≤ columns`, finite costs).
    /// Returns the column of each row. Potentials `u`, `v` keep reduced costs non-negative; each row
    /// is added by a Dijkstra-like search for the cheapest augmenting path (index 0 is a sentinel).
    static func hungarian(rows n: Int, columns m: Int, cost: (Int, Int) -> Double) -> [Int] {
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: m + 1)
        var rowOfColumn = [Int](repeating: 0, count: m + 1)   // 1-based row matched to column j, 0 = free
        var previous = [Int](repeating: 0, count: m + 1)
        var slack = [Double](repeating: 0, count: m + 1)
        var visited = [Bool](repeating: false, count: m + 1)
        for i in 1...n {
            rowOfColumn[0] = i
            var j0 = 0
            for j in 0...m { slack[j] = .infinity; visited[j] = false }
            repeat {
                visited[j0] = true
                let i0 = rowOfColumn[j0]
                var delta = Double.infinity, j1 = 0
                for j in 1...m where !visited[j] {
                    let reduced = cost(i0 - 1, j - 1) - u[i0] - v[j]
                    if reduced < slack[j] { slack[j] = reduced; previous[j] = j0 }
                    if slack[j] < delta { delta = slack[j]; j1 = j }
                }
                for j in 0...m {
                    if visited[j] { u[rowOfColumn[j]] += delta; v[j] -= delta } else { slack[j] -= delta }
                }
                j0 = j1
            } while rowOfColumn[j0] != 0
            repeat {
                let j1 = previous[j0]
                rowOfColumn[j0] = rowOfColumn[j1]
                j0 = j1
            } while j0 != 0
        }
        var columnOfRow = [Int](repeating: 0, count: n)
        for j in 1...m where rowOfColumn[j] != 0 { columnOfRow[rowOfColumn[j] - 1] = j - 1 }
        return columnOfRow
    }
}

/// A one-to-one matching between the rows and columns of a score matrix.
public struct Assignment: Sendable, Equatable {
    /// The column matched to each row (`nil` for rows left over when rows > columns).
    public let columnForRow: [Int?]
    /// The row matched to each column (`nil` for columns left over when columns > rows).
    public let rowForColumn: [Int?]
    /// Sum of the matrix entries over matched pairs (in the matrix's own units).
    public let total: Double

    /// The matched `(row, column)` pairs in row order.
    public var pairs: [(row: Int, column: Int)] {
        columnForRow.enumerated().compactMap { r, c in c.map { (row: r, column: $0) } }
    }
}
