//! End to end in headless Chromium: open a page served by `gazette serve`, edit its source and
//! see the new text without a manual reload; break a template and see the overlay; fix it and
//! see it go. Needs Debian's `chromium`, Node.js and `npm ci` in tests/e2e (`.ci/run` installs
//! them). Without them the test is skipped, except under CI=true, where that is a failure.

use crate::common::*;

#[test]
fn live_reload_and_overlay_in_chromium() {
    if skip_or_fail(browser_tools_missing(&["playwright-core"])) {
        return;
    }
    let site = copy_fixture("basic");
    let server = start(site.path());
    let url = format!("http://127.0.0.1:{}", server.port);
    run_node_script("live_reload.mjs", &[url.as_ref(), site.path().as_os_str()]);
}
