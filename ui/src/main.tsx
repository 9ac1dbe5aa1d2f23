// The window's entry point: mounts the app into #app.
// First: in the browser app, the transport must be in place before any command is called.
import "./transport";
import { render } from "preact";
import { App } from "./app";
// The stylesheets, in cascade order.
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/editor.css";
import "./views/meeting/meeting.css";
import "./styles/secretary.css";

const root = document.getElementById("app");
if (root) {
  render(<App />, root);
}
