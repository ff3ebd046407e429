//! `okrlint pull` against a real PostgreSQL server that the test starts
//! itself: `initdb` into a temporary folder (as the unprivileged `postgres`
//! user when run as root), `pg_ctl start` on 127.0.0.1 and a free port.
//! Needs Debian's `postgresql` (its binaries under /usr/lib/postgresql, or
//! PG_BIN); `.ci/run` installs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::succeeds;

struct Server {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// Run the server's programs as this user (root may not run them).
    user: Option<&'static str>,
    _dir: tempfile::TempDir,
}

fn binaries() -> PathBuf {
    if let Some(bin) = std::env::var_os("PG_BIN") {
        return PathBuf::from(bin);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (Debian's `postgresql`), or PG_BIN names its bin folder")
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("pg_ctl").exists())
        .collect();
    found.sort();
    found.pop().expect("a PostgreSQL bin folder with pg_ctl")
}

impl Server {
    fn start() -> Server {
        let bin = binaries();
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let user = root.unwrap_or(false).then_some("postgres");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("mkdir");
        if let Some(user) = user {
            // The server's user must reach and own its folder.
            succeeds(Command::new("chmod").arg("755").arg(dir.path()));
            succeeds(Command::new("chown").arg(format!("{user}:{user}")).arg(&data));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
        let server = Server { bin, data, port, user, _dir: dir };
        server.pg(&["initdb", "-D", &server.data_str(), "-A", "trust", "-U", "okrlint", "--no-sync", "-E", "UTF8"]);
        let options = format!("-p {} -c listen_addresses=127.0.0.1 -k {}", server.port, server.data_str());
        server.pg(&[
            "pg_ctl",
            "-D",
            &server.data_str(),
            "-o",
            &options,
            "-w",
            "-l",
            &format!("{}/log", server.data_str()),
            "start",
        ]);
        server
    }

    fn data_str(&self) -> String {
        self.data.to_string_lossy().into_owned()
    }

    fn pg(&self, args: &[&str]) {
        let program = self.bin.join(args[0]);
        let mut command = match self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        command.args(&args[1..]);
        succeeds(&mut command);
    }

    fn url(&self) -> String {
        format!("postgresql://okrlint@127.0.0.1:{}/postgres", self.port)
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(), postgres::NoTls).expect("connect")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let program = self.bin.join("pg_ctl");
        let data = self.data_str();
        let args = ["-D", data.as_str(), "-m", "immediate", "stop"];
        let _ = match self.user {
            Some(user) => Command::new("runuser").args(["-u", user, "--"]).arg(&program).args(args).output(),
            None => Command::new(&program).args(args).output(),
        };
    }
}

fn project(root: &Path, query: &str) {
    std::fs::write(
        root.join(".okrlint.yaml"),
        "sources:\n  warehouse: {url_env: OKRLINT_TEST_WAREHOUSE, timeout_s: 5}\n",
    )
    .expect("write");
    std::fs::write(root.join("growth.okr.yaml"), common::GROWTH_SET).expect("write");
    let dictionary = format!(
        "metrics:\n  - name: activation-rate\n    definition: Share of new teams active on day 7\n    source: Product analytics\n    pull:\n      from: warehouse\n      query: {query}\n"
    );
    std::fs::write(root.join("company.metrics.yaml"), dictionary).expect("write");
}

fn pull(root: &Path, url: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["pull", "--as-of", "2026-01-25"];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(&args)
        .current_dir(root)
        .env("OKRLINT_TEST_WAREHOUSE", url)
        .output()
        .expect("okrlint runs");
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const LOG: &str = "pulled/growth.2026-01-01.checkins.yaml";

#[test]
#[ignore = "needs PostgreSQL"]
fn pull_reads_a_real_postgresql_server_read_only_and_says_what_fails() {
    let server = Server::start();
    let mut db = server.client();
    db.batch_execute(
        "create table activation_daily(day date, rate numeric);
         insert into activation_daily
           select d::date, 40 + (d::date - date '2025-12-28') * 0.5
           from generate_series(date '2025-12-28', date '2026-02-05', interval '1 day') d;
         create table texts(day date, rate text);
         insert into texts values ('2026-01-05', 'secret-42');
         create table nulls(day date, rate numeric);
         insert into nulls values ('2026-01-05', null);",
    )
    .expect("tables");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();

    // The happy path: the same log as from SQLite, and `score` shows it.
    project(root, "select day, rate from activation_daily where day between :start and :end order by day");
    let dry = pull(root, &server.url(), &["--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.contains("  + 2026-01-14 activation/rate: 48.5 (warehouse)\n"), "{}", dry.stdout);
    assert!(!root.join("pulled").exists(), "--dry-run writes nothing");
    let run = pull(root, &server.url(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = std::fs::read_to_string(root.join(LOG)).expect("the pulled log");
    assert!(log.contains("  - {date: 2026-01-21, kr: activation/rate, actual: 52, pulled: warehouse}\n"), "{log}");
    assert!(log.contains("  - {date: 2026-01-25, kr: activation/rate, actual: 54, pulled: warehouse}\n"), "{log}");
    // Idempotent.
    let again = pull(root, &server.url(), &[]);
    assert!(again.stderr.contains("0 of 1 pulled log changed"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(root.join(LOG)).expect("the pulled log"), log);
    let score = common::okrlint_in(root, &["score", "--format", "json", "--as-of", "2026-01-25"]);
    let value: serde_json::Value = serde_json::from_str(&score.stdout).expect("JSON");
    assert_eq!(value["sets"][0]["objectives"][0]["key_results"][0]["actual"].to_string(), "54");

    // Refused, and the table unchanged: a DELETE, two statements.
    let count = |db: &mut postgres::Client| -> i64 {
        db.query_one("select count(*) from activation_daily", &[]).expect("count").get(0)
    };
    let before = count(&mut db);
    for (query, says) in [
        ("delete from activation_daily returning day, rate", "would change the database"),
        ("\"select day, rate from activation_daily; delete from activation_daily\"", "more than one statement"),
        ("select day, rate from texts", "row 1, column 2: text where a number is expected"),
        ("select day, rate from nulls", "row 1, column 2: NULL where a number is expected"),
        ("selec day, rate from activation_daily", "a syntax error"),
        ("select day, rate from no_such_table", "no such table"),
        ("select pg_sleep(10), 1", "did not finish within 5 s"),
    ] {
        project(root, query);
        let run = pull(root, &server.url(), &[]);
        assert_eq!(run.code, 1, "{query}: {}", run.stderr);
        assert!(
            run.stderr.contains("growth/activation/rate, metric `activation-rate`, source `warehouse`"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(says), "{query}: {}", run.stderr);
        assert!(!run.stderr.contains("secret-42"), "no value from the database: {}", run.stderr);
        // The KR's entries stay as they were.
        assert_eq!(std::fs::read_to_string(root.join(LOG)).expect("the pulled log"), log, "{query}");
    }
    assert_eq!(count(&mut db), before, "the table is unchanged");

    // A server that is down: the password never shows; a missing variable is named.
    project(root, "select day, rate from activation_daily");
    let down = pull(root, "postgresql://okrlint:hunter2-secret@127.0.0.1:1/postgres", &[]);
    assert_eq!(down.code, 1);
    assert!(down.stderr.contains("cannot connect to the server"), "{}", down.stderr);
    assert!(!down.stderr.contains("hunter2-secret") && !down.stdout.contains("hunter2-secret"), "{}", down.stderr);
    let output = Command::new(env!("CARGO_BIN_EXE_okrlint"))
        .args(["pull", "--as-of", "2026-01-25"])
        .current_dir(root)
        .env_remove("OKRLINT_TEST_WAREHOUSE")
        .output()
        .expect("okrlint runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("the environment variable `OKRLINT_TEST_WAREHOUSE` is not set"), "{stderr}");
}
