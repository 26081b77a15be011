import Hummingbird

/// The rule every state-changing HTTP route of Muster applies (design §11): a page of another
/// site, open in a browser on this machine, must not drive it. Browsers name the page's origin
/// in `Origin` and say `Sec-Fetch-Site: cross-site` on every request a page makes to another
/// site; command-line clients send neither.
public enum CrossSiteGuard {
    /// Why `request`, if it changes state (not GET, HEAD or OPTIONS), is refused: an `Origin`
    /// other than a loopback origin on `listenerPort` (the listener's own), or
    /// `Sec-Fetch-Site: cross-site` or `same-site`; with `refusingFormBodies`, also a body of a
    /// content type an HTML form can send without a preflight. Nil when it may go on.
    public static func refusal(of request: Request, listenerPort: Int?, refusingFormBodies: Bool) -> String? {
        guard ![.get, .head, .options].contains(request.method) else { return nil }
        if let site = request.headers.first(where: { $0.name.canonicalName == "sec-fetch-site" })?.value.lowercased(),
            site == "cross-site" || site == "same-site"
        {
            return "a request from another site's page (Sec-Fetch-Site: \(site)) may not change anything here"
        }
        if let origin = request.headers[.origin], !isOwnOrigin(origin, listenerPort: listenerPort) {
            return "a request from the page of \(origin.prefix(100)) may not change anything here; "
                + "only this listener's own origin or no browser at all may"
        }
        // An empty body says nothing: Python's urllib labels even `data=b""` as a form.
        if refusingFormBodies, HTTPBodyReader.declaresBody(request), let type = request.headers[.contentType],
            let form = formType(type)
        {
            return "a \(form) body is what a web form sends, so it is refused here; send no body or JSON"
        }
        return nil
    }

    /// Whether `origin` is `http://<loopback name>:<listenerPort>`.
    static func isOwnOrigin(_ origin: String, listenerPort: Int?) -> Bool {
        let lowered = origin.lowercased()
        guard lowered.hasPrefix("http://"), let listenerPort else { return false }
        let authority = String(lowered.dropFirst("http://".count))
        guard LoopbackHost.isLoopback(authority), authority.hasSuffix(":\(listenerPort)") else { return false }
        return true
    }

    /// The media type of `contentType` when an HTML form can send it, else nil.
    static func formType(_ contentType: String) -> String? {
        let media = contentType.split(separator: ";", maxSplits: 1).first.map {
            String($0.filter { $0 != " " && $0 != "\t" }).lowercased()
        }
        guard let media, ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].contains(media)
        else { return nil }
        return media
    }
}
