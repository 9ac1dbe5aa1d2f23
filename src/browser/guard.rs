//! Who may talk to `shuzhi app`: only pages this start opened, in a browser on this
//! computer. Pure checks over a request's method, headers and query, so that each refusal
//! is tested on its own.

/// Why a request was refused; the text is what the browser shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not this server's loopback address: another name pointing here (DNS
    /// rebinding) or a request meant for someone else.
    ForeignHost,
    /// `Origin` is another site open in the same browser.
    ForeignOrigin,
    /// Neither the address's token nor the cookie it left.
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
                "拒绝访问：缺少本次启动的访问凭据。请用述职评议助手启动时给出的完整地址（含 ?t=…）打开，或重新启动述职评议助手。"
            }
        }
    }
}

/// What the guard needs of one request.
pub struct Request<'a> {
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub query: Option<&'a str>,
}

/// This start's port and token.
pub struct Guard {
    pub port: u16,
    pub token: String,
}

/// How the request proved it belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admitted {
    /// By the cookie.
    Cookie,
    /// By the token in the address: the answer sets the cookie.
    AddressToken,
}

impl Guard {
    /// The cookie's name carries the port: cookies are not kept apart by port, and two
    /// servers (two databases) may run at once.
    pub fn cookie_name(&self) -> String {
        format!("shuzhi_{}", self.port)
    }

    /// The `Set-Cookie` value that keeps the token for this page's later requests.
    pub fn set_cookie(&self) -> String {
        format!("{}={}; Path=/; HttpOnly; SameSite=Strict", self.cookie_name(), self.token)
    }

    pub fn check(&self, request: &Request<'_>) -> Result<Admitted, Refusal> {
        let ours = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        if !request.host.is_some_and(|host| ours.iter().any(|o| o.eq_ignore_ascii_case(host))) {
            return Err(Refusal::ForeignHost);
        }
        if let Some(origin) = request.origin
            && !ours.iter().any(|o| origin.eq_ignore_ascii_case(&format!("http://{o}")))
        {
            return Err(Refusal::ForeignOrigin);
        }
        let cookie_token = request.cookie.into_iter().flat_map(|c| c.split(';')).find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == self.cookie_name()).then_some(value)
        });
        if cookie_token.is_some_and(|t| same(t, &self.token)) {
            return Ok(Admitted::Cookie);
        }
        let address_token =
            request.query.into_iter().flat_map(|q| q.split('&')).find_map(|pair| pair.strip_prefix("t="));
        if address_token.is_some_and(|t| same(t, &self.token)) {
            return Ok(Admitted::AddressToken);
        }
        Err(Refusal::NoToken)
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

    fn request<'a>(
        host: &'a str,
        origin: Option<&'a str>,
        cookie: Option<&'a str>,
        query: Option<&'a str>,
    ) -> Request<'a> {
        Request { host: Some(host), origin, cookie, query }
    }

    #[test]
    fn the_token_admits_by_address_then_by_cookie() {
        let g = guard();
        assert_eq!(g.check(&request("127.0.0.1:18800", None, None, Some("t=abc123"))), Ok(Admitted::AddressToken));
        assert_eq!(
            g.check(&request("localhost:18800", None, Some("x=1; shuzhi_18800=abc123"), None)),
            Ok(Admitted::Cookie)
        );
        assert_eq!(g.check(&request("127.0.0.1:18800", None, None, None)), Err(Refusal::NoToken));
        assert_eq!(g.check(&request("127.0.0.1:18800", None, None, Some("t=abc124"))), Err(Refusal::NoToken));
        // Another server's cookie (another port) does not open this one.
        assert_eq!(
            g.check(&request("127.0.0.1:18800", None, Some("shuzhi_18801=abc123"), None)),
            Err(Refusal::NoToken)
        );
    }

    #[test]
    fn a_foreign_host_or_origin_is_refused_even_with_the_token() {
        let g = guard();
        let cookie = Some("shuzhi_18800=abc123");
        assert_eq!(g.check(&request("evil.example:18800", None, cookie, None)), Err(Refusal::ForeignHost));
        assert_eq!(g.check(&request("127.0.0.1:9999", None, cookie, None)), Err(Refusal::ForeignHost));
        assert_eq!(g.check(&Request { host: None, origin: None, cookie, query: None }), Err(Refusal::ForeignHost));
        assert_eq!(
            g.check(&request("127.0.0.1:18800", Some("http://evil.example"), cookie, None)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            g.check(&request("127.0.0.1:18800", Some("http://127.0.0.1:18801"), cookie, None)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(g.check(&request("127.0.0.1:18800", Some("null"), cookie, None)), Err(Refusal::ForeignOrigin));
        assert_eq!(
            g.check(&request("127.0.0.1:18800", Some("http://127.0.0.1:18800"), cookie, None)),
            Ok(Admitted::Cookie)
        );
    }
}
