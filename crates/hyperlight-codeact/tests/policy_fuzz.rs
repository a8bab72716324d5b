//! Property tests (bounded fuzzing) of the path and URL policy functions on arbitrary guest
//! input: a decision or an error, never a panic; and nothing resolves outside its mount.

use hyperlight_codeact::policy::fs::{Access, Mount, MountTable};
use hyperlight_codeact::policy::net::{AllowedDomain, NetPolicy};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn path_resolution_never_escapes(path in "(/|\\.\\./|\\./|data/|/data/|/etc/|a|b|\\.\\.|//|\\x00|%2e){0,12}") {
        let dir = std::env::temp_dir().join("hlc-policy-fuzz");
        std::fs::create_dir_all(dir.join("inner")).unwrap();
        let root = dir.canonicalize().unwrap();
        let table = MountTable::new([Mount::read_only(&root, "/data")]).unwrap();
        for access in [Access::Read, Access::Write, Access::List] {
            if let Ok(host) = table.resolve(&path, access) {
                prop_assert!(host.starts_with(&root), "{path:?} resolved to {host:?}");
                prop_assert!(matches!(access, Access::Read | Access::List), "write allowed on a read-only mount");
            }
        }
    }

    #[test]
    fn url_checks_never_panic_and_only_allow_the_listed_host(
        url in "(https?|ftp|file|)(://)?(api\\.github\\.com|API\\.GITHUB\\.COM|evil\\.com|api\\.github\\.com\\.evil\\.com|127\\.0\\.0\\.1|\\[::1\\]|@|:|[0-9]{1,5}|/|\\?|#|%|\\.){0,10}",
        method in "(GET|POST|get|PATCH|BREW|)",
    ) {
        let policy = NetPolicy::new([AllowedDomain::any_method("api.github.com")]).unwrap();
        if let Ok(parsed) = policy.check(&method, &url) {
            prop_assert_eq!(parsed.host.as_str(), "api.github.com", "{} allowed", url);
        }
    }
}
