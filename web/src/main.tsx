// The console's entry point.
import { render } from "preact";
import { App } from "./app";
import "./styles.css";

// The page's "Loading" line goes: Preact renders beside what it did not make.
const root = document.getElementById("app")!;
root.textContent = "";
render(<App />, root);
