// The window's entry point: mounts the app into #app.
import { render } from "preact";
import { App } from "./app";
// The stylesheets, in cascade order.
import "./styles/base.css";
import "./styles/controls.css";
import "./views/meeting/meeting.css";
import "./styles/secretary.css";

const root = document.getElementById("app");
if (root) {
  render(<App />, root);
}
