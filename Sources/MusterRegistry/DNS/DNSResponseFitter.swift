/// Fits answers into a transport's limit (`shared/protocols.md` §5): at most `maximumAnswers`
/// answers and `maximumBytes` bytes; additional records go along while they fit, and the
/// response is truncated (TC) when an answer had to be left out.
struct DNSResponseFitter {
    /// The largest encoded response allowed.
    var maximumBytes: Int
    /// The most answers allowed, nil for no limit.
    var maximumAnswers: Int?

    /// `message` (header, question, authority and OPT already in place) completed with as many of
    /// `entries` as fit.
    func fit(_ entries: [DNSAnswerEntry], into message: DNSMessage) -> DNSMessage {
        let questionName = message.questions.first?.name
        func size(_ record: DNSResourceRecord) -> Int {
            DNSWireWriter.encodedSize(of: record, questionName: questionName)
        }
        var used = DNSWireWriter.encode(message).count
        var answers: [DNSResourceRecord] = []
        var extras: [DNSResourceRecord] = []
        var seenExtras = Set<DNSResourceRecord>()
        var takesExtras = true
        for entry in entries.prefix(maximumAnswers ?? entries.count) {
            let answerSize = size(entry.record)
            let newExtras = entry.extras.filter { !seenExtras.contains($0) }
            let extrasSize = newExtras.reduce(0) { $0 + size($1) }
            if takesExtras, used + answerSize + extrasSize <= maximumBytes {
                extras += newExtras
                seenExtras.formUnion(newExtras)
                used += extrasSize
            } else if used + answerSize <= maximumBytes {
                takesExtras = false
            } else {
                break
            }
            answers.append(entry.record)
            used += answerSize
        }
        var fitted = message
        fitted.answers = answers
        fitted.additionals = extras + message.additionals
        fitted.header.isTruncated = answers.count < entries.count
        return fitted
    }
}
