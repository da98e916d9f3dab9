//! `write_published` raced against an editor saving the same file at a random moment
//! (see race/harness.rs for the kinds of save), and `newsdesk publish` killed at random
//! moments.
//!
//! NEWSDESK_RACE_ROUNDS sets the number of races (default 300, about 5-10 s here);
//! NEWSDESK_RACE_SEED replays a run (the seed is printed). NEWSDESK_KILL_ROUNDS sets the
//! number of kills (default 100).

#[path = "race/harness.rs"]
mod harness;

use std::fs;
use std::time::Duration;

use harness::{BASE, Rng, SAVES};
use newsdesk::feed::store::write_published;

fn rounds(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[test]
fn an_editors_save_is_never_lost() {
    let rounds = rounds("NEWSDESK_RACE_ROUNDS", 300);
    let (mut rng, seed) = Rng::from_env_or_clock("NEWSDESK_RACE_SEED");
    println!("race: {rounds} rounds, NEWSDESK_RACE_SEED={seed}");
    let report = harness::race(write_published, rounds, &mut rng);
    println!("race: starts spread over {} us", report.window_us);
    for (how, t) in SAVES.iter().zip(&report.by_kind) {
        println!("race: {how:?}: {t:?}");
    }
    let total = report.total();
    println!("race: lost {} of {rounds}", total.lost);
    assert!(
        total.lost == 0,
        "lost {} saves of {rounds}:\n{}",
        total.lost,
        report.losses.join("\n")
    );
    // With the lease held, a writer that has the file open makes us wait: we never read
    // a save half done.
    assert_eq!(total.torn, 0, "{total:?}");
    // The test must have raced: both outcomes of our write occurred.
    assert!(total.changed > 0 && total.conflict > 0, "{total:?}");
}

/// `newsdesk publish`/`unpublish` killed (SIGKILL) at random moments: the file is always
/// whole, old or new, and hidden temp names a kill leaves are gone after the next write.
#[test]
fn a_killed_publish_leaves_old_or_new_and_no_leftover_after_the_next_write() {
    use std::process::{Command, Stdio};
    let rounds = rounds("NEWSDESK_KILL_ROUNDS", 100);
    let (mut rng, _) = Rng::from_env_or_clock("NEWSDESK_KILL_SEED");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let published = BASE.replace("published: false", "published: true");
    fs::write(&path, BASE).unwrap();
    let spawn = |verb: &str| {
        Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args([verb, "a.md"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let hidden = || -> Vec<String> {
        fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with('.'))
            .collect()
    };
    // A whole run's duration: kills land anywhere from start-up to exit.
    let t = std::time::Instant::now();
    assert!(spawn("publish").wait().unwrap().success());
    let window = (t.elapsed().as_micros() as u64).max(1000);
    let (mut killed_mid_way, mut rounds_with_leftover) = (0, 0);

    for round in 0..rounds {
        let before = fs::read_to_string(&path).unwrap();
        let (verb, after) = if before == BASE {
            ("publish", published.as_str())
        } else {
            ("unpublish", BASE)
        };
        let mut child = spawn(verb);
        std::thread::sleep(Duration::from_micros(rng.below(window)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed_mid_way += usize::from(status.code().is_none());
        let now = fs::read_to_string(&path).unwrap();
        assert!(
            now == before || now == after,
            "round {round}: neither old nor new:\n{now}"
        );
        rounds_with_leftover += usize::from(!hidden().is_empty());
    }
    println!(
        "kill: {rounds} rounds, {killed_mid_way} killed before exit, \
         {rounds_with_leftover} with a hidden temp name present afterwards"
    );
    assert!(spawn("publish").wait().unwrap().success());
    assert_eq!(hidden(), Vec::<String>::new(), "left after the next write");
    assert_eq!(fs::read_to_string(&path).unwrap(), published);
    assert!(
        killed_mid_way > 0,
        "no run was killed: the test did not test"
    );
}
