extension Dictionary {
    /// Runs `body` on every value in place.
    ///
    /// Unlike `for index in values.indices`, which keeps a second reference to the storage alive for the
    /// whole loop (so that every mutation copies the dictionary and each value's buffers), this walks
    /// the indices without holding the collection, so values are mutated uniquely.
    mutating func modifyEachValue(_ body: (inout Value) throws -> Void) rethrows {
        var index = values.startIndex
        while index != values.endIndex {
            try body(&values[index])
            values.formIndex(after: &index)
        }
    }
}
