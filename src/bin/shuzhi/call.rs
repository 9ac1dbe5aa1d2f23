//! `shuzhi call NAME --args JSON`: any command of the table, by the name and with the
//! arguments the window sends, answered with the JSON the window receives.

use super::*;

pub(crate) fn run_call(
    cx: &Cx,
    name: &str,
    args: Option<&str>,
    out: Option<PathBuf>,
    file: Option<PathBuf>,
) -> CommandResult<()> {
    if name == "list" {
        // Each command with the subcommand built on it, where there is one.
        let listed: Vec<serde_json::Value> = commands::COMMAND_NAMES
            .iter()
            .map(|name| {
                let by = REACHED_BY.iter().find(|(n, _)| n == name).map_or("call", |(_, by)| by);
                json!({ "command": name, "subcommand": (by != "call").then(|| format!("shuzhi {by}")) })
            })
            .collect();
        emit(cx.json, &listed, || {
            listed
                .iter()
                .map(|c| match c["subcommand"].as_str() {
                    Some(by) => format!("{}  （{by}）", c["command"].as_str().unwrap_or_default()),
                    None => c["command"].as_str().unwrap_or_default().to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        return Ok(());
    }
    let arguments = match args {
        Some(text) => serde_json::from_str(text).map_err(|e| Error::Invalid {
            message: format!("--args 不是有效的 JSON（{e}）。请写成 JSON 对象，如 {{\"campaignId\":\"…\"}}。"),
        })?,
        None => serde_json::Value::Null,
    };
    let answer =
        cx.around(out.as_deref(), file.as_deref(), |s| commands::dispatch(s, name, arguments)).ok_or_else(|| {
            Error::Invalid {
                message: format!("没有名为“{name}”的命令。运行 `shuzhi call list` 查看全部命令。")
            }
        })??;
    // The answer is JSON either way: it is what the window receives.
    emit(true, &answer, String::new);
    Ok(())
}
