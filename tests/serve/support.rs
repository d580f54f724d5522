//! A running `vnsearch serve` on a temporary index, and a tiny HTTP/1.1 client over
//! `TcpStream` (so tests can send bytes no HTTP library would: invalid UTF-8 in paths,
//! broken escapes, lying lengths).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

pub const KEY: &str = "kiểm-thử-khóa-bí-mật-42";

/// Articles written for these tests (own words, real shapes): dates, sources, accents, and
/// one whose text carries HTML that must never be interpreted.
pub const ARTICLES: &str = r#"{"id":"nong-nghiep-1","title":"Nông dân miền Tây chuyển sang trồng lúa chịu mặn","body":"Nông dân miền Tây chuyển sang trồng lúa chịu mặn\n\nTrước mùa khô năm nay, nhiều hợp tác xã ở Sóc Trăng đã chọn giống lúa chịu mặn để giữ năng suất.\n\nCán bộ khuyến nông cho biết diện tích lúa chịu mặn tăng gần gấp đôi so với năm trước.","date":"2024-03-12","source":"Báo Đồng Bằng"}
{"id":"giao-thong-2","title":"Thành phố mở thêm tuyến xe buýt điện","body":"Thành phố mở thêm tuyến xe buýt điện\n\nTuyến xe buýt điện mới nối bến xe trung tâm với khu công nghệ cao, chạy mỗi mười lăm phút.\n\nSở Giao thông vận tải kỳ vọng tuyến này giảm ùn tắc giờ cao điểm và khói bụi.","date":"2023-11-05","source":"Tin Đô Thị"}
{"id":"hop-tac-3","title":"Hai trường đại học ký kết hợp tác nghiên cứu","body":"Hai trường đại học ký kết hợp tác nghiên cứu\n\nHai trường đại học vừa ký biên bản hợp tác về nghiên cứu vật liệu mới và trao đổi giảng viên.\n\nTheo thỏa thuận, mỗi năm hai bên sẽ cùng tổ chức một hội thảo khoa học.","date":"2024-06-20","source":"Báo Giáo Dục"}
{"id":"html-4","title":"Cảnh báo mã độc <script>alert(1)</script> trong thư điện tử","body":"Cảnh báo mã độc <script>alert(1)</script> trong thư điện tử\n\nChuyên gia an ninh mạng cảnh báo thư lừa đảo chứa đoạn <img src=x onerror=alert(2)> để đánh cắp mật khẩu.\n\nNgười dùng không nên mở tệp đính kèm lạ & nên bật xác thực hai lớp.","date":"2024-01-30","source":"An Ninh <b>Mạng</b>"}
"#;

/// A temporary index built from [`ARTICLES`] with the real binary.
pub fn crafted_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles.jsonl");
    std::fs::write(&input, ARTICLES).unwrap();
    let index = dir.path().join("index");
    index_files(&index, &[&input]);
    dir
}

/// Runs `vnsearch index` on `inputs`.
pub fn index_files(index: &Path, inputs: &[&Path]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
        .arg("--index")
        .arg(index)
        .arg("index")
        .args(inputs)
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `vnsearch [--index INDEX] serve --addr 127.0.0.1:0 ARGS…` in `cwd` and waits
    /// for its `listening on` line; without `index`, the default `./index` of `cwd`.
    pub fn start_in(cwd: &Path, index: Option<&Path>, args: &[&str]) -> Server {
        let index_args = index.map(|i| vec![std::ffi::OsStr::new("--index"), i.as_os_str()]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
            .current_dir(cwd)
            .env_remove("VNSEARCH_API_KEY")
            .env_remove("VNSEARCH_ADDR")
            .env_remove("VNSEARCH_INDEX")
            .args(index_args.unwrap_or_default())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let kept = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    let _ = tx.send(addr.parse::<SocketAddr>().unwrap());
                }
                kept.lock().unwrap().push(line);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("server did not start: {:?}", lines.lock().unwrap()));
        Server {
            child,
            addr,
            stderr: lines,
        }
    }

    pub fn start(index: &Path, args: &[&str]) -> Server {
        Server::start_in(index.parent().unwrap(), Some(index), args)
    }

    /// Sends raw bytes as the request target.
    pub fn raw(&self, method: &str, target: &[u8], headers: &[(&str, &str)], body: &[u8]) -> Reply {
        send(self.addr, method, target, headers, body)
    }
}

/// One HTTP/1.1 request on a new connection.
pub fn send(
    addr: SocketAddr,
    method: &str,
    target: &[u8],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut request = Vec::new();
    request.extend_from_slice(method.as_bytes());
    request.push(b' ');
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        request.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body);
    // The server may answer and close before reading all of a request it refuses (a body over
    // the limit): the write then fails, and the answer is still there to read.
    let _ = stream.write_all(&request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    Reply::parse(&response)
}

impl Server {
    pub fn get(&self, target: &str) -> Reply {
        self.raw("GET", target.as_bytes(), &[], b"")
    }

    pub fn get_with_key(&self, target: &str, key: &str) -> Reply {
        let auth = format!("Bearer {key}");
        self.raw("GET", target.as_bytes(), &[("Authorization", &auth)], b"")
    }

    pub fn post_json(&self, target: &str, body: &str, key: Option<&str>) -> Reply {
        let auth = key.map(|k| format!("Bearer {k}"));
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(auth) = &auth {
            headers.push(("Authorization", auth));
        }
        self.raw("POST", target.as_bytes(), &headers, body.as_bytes())
    }

    pub fn alive(&self) -> bool {
        self.get("/health").status == 200
    }

    /// Sends SIGTERM and waits for a clean exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = bytes[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
        {
            body = dechunk(&body);
        }
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The native error code, or Meilisearch's `code`.
    pub fn code(&self) -> String {
        let json = self.json();
        json["error"]["code"]
            .as_str()
            .or(json["code"].as_str())
            .unwrap_or_default()
            .to_string()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The status of a GET to `addr` (for threads that do not own the server).
pub fn status_at(addr: SocketAddr, target: &str) -> u16 {
    send(addr, "GET", target.as_bytes(), &[], b"").status
}
