//! The campaign's own stock-phrase list drives the cliche-dense check.

use shuzhi::planning::settings::{campaign_cliches, set_campaign_cliches};
use shuzhi::report::{check_stored_report, save_section, start_report};

use crate::{SAMPLE_ID, sample_store};

#[test]
fn a_campaign_list_replaces_the_built_in_one_and_can_be_reset() {
    let mut store = sample_store();
    let (list, built_in) = campaign_cliches(&store, SAMPLE_ID).unwrap();
    assert!(built_in && list.contains(&"进一步加强".to_string()));

    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    save_section(&mut store, &report, "fp-2023-achievements", "本人坚持守正创新、守正创新、守正创新，抓好党建。")
        .unwrap();
    let fires = |store: &shuzhi::Store| {
        check_stored_report(store, &report).unwrap().findings.iter().any(|f| f.rule == "cliche-dense")
    };
    assert!(!fires(&store), "守正创新 is not in the built-in list");

    let phrases = vec!["守正创新".to_string(), " ".to_string(), "守正创新".to_string(), "久久为功".to_string()];
    let saved = set_campaign_cliches(&mut store, SAMPLE_ID, Some(&phrases), "孟晓东").unwrap();
    assert_eq!(saved, ["守正创新", "久久为功"], "blanks and repeats are dropped");
    assert!(fires(&store));
    assert_eq!(campaign_cliches(&store, SAMPLE_ID).unwrap(), (saved, false));

    set_campaign_cliches(&mut store, SAMPLE_ID, None, "孟晓东").unwrap();
    assert!(!fires(&store));
    assert!(campaign_cliches(&store, SAMPLE_ID).unwrap().1);
}

#[test]
fn an_empty_or_unreasonable_list_is_refused() {
    let mut store = sample_store();
    let refused = set_campaign_cliches(&mut store, SAMPLE_ID, Some(&[" ".to_string()]), "孟晓东").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "套话清单不能为空。若不想检查套话，可只保留一两个确实不该出现的说法；或恢复内置清单。"
    );
    let long = "这是一句很长很长的话".repeat(4);
    let refused = set_campaign_cliches(&mut store, SAMPLE_ID, Some(std::slice::from_ref(&long)), "孟晓东").unwrap_err();
    assert_eq!(refused.to_string(), format!("“{long}”太长了：套话应是 30 字以内的固定说法。请只保留其中的套话部分。"));
    assert!(campaign_cliches(&store, SAMPLE_ID).unwrap().1, "nothing changed");
}
