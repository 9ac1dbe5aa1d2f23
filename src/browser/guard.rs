//! Who may talk to `shuzhi app`: only pages this start opened, in a browser on this
//! computer. Pure checks over a request's headers, so that each refusal is tested on its own.

/// Why a request was refused; the text is what the browser shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not this server's loopback address: another name pointing here (DNS
    /// rebinding) or a request meant for someone else.
    ForeignHost,
    /// `Origin` is another site open in the same browser.
    ForeignOrigin,
    /// No token of this start in the request's header.
    NoToken,
}

impl Refusal {
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::ForeignHost => {
                "拒绝访问：请求的主机名不是本机地址 127.0.0.1。请用述职评议助手启动时给出的地址打开。"
            }
            Refusal::ForeignOrigin => "拒绝访问：请求来自其他网站。述职评议助手只接受它自己页面的请求。",
            Refusal::NoToken => {
                "拒绝访问：缺少本次启动的访问凭据。请再次启动述职评议助手（它会在浏览器中打开带凭据的地址），或用启动时给出的完整地址（含 #t=…）打开。"
            }
        }
    }
}

/// What the guard needs of one request.
pub struct Request<'a> {
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    /// The token header ([`super::TOKEN_HEADER`]); never a cookie, never the address.
    pub token: Option<&'a str>,
}

/// This start's port and token.
pub struct Guard {
    pub port: u16,
    pub token: String,
}

impl Guard {
    /// Whether the request is meant for this server and comes from no other site's page:
    /// asked of every request, the page's own files included.
    pub fn check_place(&self, request: &Request<'_>) -> Result<(), Refusal> {
        let ours = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        if !request.host.is_some_and(|host| ours.iter().any(|o| o.eq_ignore_ascii_case(host))) {
            return Err(Refusal::ForeignHost);
        }
        if let Some(origin) = request.origin
            && !ours.iter().any(|o| origin.eq_ignore_ascii_case(&format!("http://{o}")))
        {
            return Err(Refusal::ForeignOrigin);
        }
        Ok(())
    }

    /// [`Guard::check_place`], and the token in its header: asked of every request that
    /// reads or changes data. The browser keeps the token in the page's own storage, which
    /// belongs to this server's origin (scheme, host and port), and sends it only from
    /// there; a cookie would go to every server on 127.0.0.1, whatever its port, so a
    /// cookie or a token in the address admits nothing.
    pub fn check(&self, request: &Request<'_>) -> Result<(), Refusal> {
        self.check_place(request)?;
        if request.token.is_some_and(|t| same(t, &self.token)) { Ok(()) } else { Err(Refusal::NoToken) }
    }
}

/// Compares in time that does not depend on where the strings differ.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard { port: 18800, token: "abc123".into() }
    }

    fn request<'a>(host: &'a str, origin: Option<&'a str>, token: Option<&'a str>) -> Request<'a> {
        Request { host: Some(host), origin, token }
    }

    #[test]
    fn only_the_token_header_admits() {
        let g = guard();
        assert_eq!(g.check(&request("127.0.0.1:18800", None, Some("abc123"))), Ok(()));
        assert_eq!(g.check(&request("localhost:18800", None, Some("abc123"))), Ok(()));
        assert_eq!(g.check(&request("127.0.0.1:18800", None, None)), Err(Refusal::NoToken));
        assert_eq!(g.check(&request("127.0.0.1:18800", None, Some("abc124"))), Err(Refusal::NoToken));
        assert_eq!(g.check(&request("127.0.0.1:18800", None, Some("abc12"))), Err(Refusal::NoToken));
        assert_eq!(g.check(&request("127.0.0.1:18800", None, Some(""))), Err(Refusal::NoToken));
        // The page's files need no token, but the right place.
        assert_eq!(g.check_place(&request("127.0.0.1:18800", None, None)), Ok(()));
        assert!(Refusal::NoToken.message().contains("请再次启动述职评议助手"));
    }

    #[test]
    fn a_foreign_host_or_origin_is_refused_even_with_the_token() {
        let g = guard();
        let token = Some("abc123");
        assert_eq!(g.check(&request("evil.example:18800", None, token)), Err(Refusal::ForeignHost));
        assert_eq!(g.check(&request("127.0.0.1:9999", None, token)), Err(Refusal::ForeignHost));
        assert_eq!(g.check(&Request { host: None, origin: None, token }), Err(Refusal::ForeignHost));
        assert_eq!(g.check_place(&request("127.0.0.1.evil.example:18800", None, None)), Err(Refusal::ForeignHost));
        assert_eq!(
            g.check(&request("127.0.0.1:18800", Some("http://evil.example"), token)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            g.check(&request("127.0.0.1:18800", Some("http://127.0.0.1:18801"), token)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(g.check(&request("127.0.0.1:18800", Some("null"), token)), Err(Refusal::ForeignOrigin));
        assert_eq!(
            g.check_place(&request("127.0.0.1:18800", Some("https://127.0.0.1:18800"), None)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(g.check(&request("127.0.0.1:18800", Some("http://127.0.0.1:18800"), token)), Ok(()));
    }
}
