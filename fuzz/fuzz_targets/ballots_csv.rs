//! Any bytes as a recount rules file and as a ballot CSV; what parses is tallied.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shuzhi::meeting::recount::parse_rules_file("fuzz.json", data);
    let rules = shuzhi::meeting::recount::RulesFile {
        format: shuzhi::meeting::recount::RULES_FORMAT.into(),
        format_version: 1,
        rules: shuzhi::rules::scoring::ScoringRules::default(),
        categories: vec![shuzhi::meeting::recount::RulesFileCategory { name: "党员群众代表".into(), weight_percent: 100 }],
        dimensions: Vec::new(),
        issued_serials: None,
    };
    if let Ok(input) = shuzhi::meeting::recount::parse_ballots_csv("fuzz.csv", data, &rules) {
        let _ = shuzhi::rules::scoring::tally(&rules.rules, &input);
    }
});
