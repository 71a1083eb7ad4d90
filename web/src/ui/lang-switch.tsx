// The switch to the other language, named in that language.
import { lang, setLang } from "../i18n";

export function LangSwitch() {
  const other = lang() === "fr" ? "en" : "fr";
  return (
    <button type="button" class="link" lang={other} onClick={() => setLang(other)}>
      {other === "fr" ? "Français" : "English"}
    </button>
  );
}
