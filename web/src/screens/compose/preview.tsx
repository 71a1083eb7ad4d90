// A post as a network will show it: the account, the text (what goes past
// the network's limit marked), the image and the link.
import { composed, length, networkInfo } from "../../networks";
import { t } from "../../i18n";

export function Preview(props: { network: string; account: string; text: string; link: string; image: string | null; alt: string }) {
  const info = networkInfo(props.network);
  const all = composed(props.text, props.link);
  const chars = [...all];
  const over = info.maxText > 0 && chars.length > info.maxText;
  const kept = over ? chars.slice(0, info.maxText).join("") : all;
  const cut = over ? chars.slice(info.maxText).join("") : "";
  return (
    <figure class={`preview net-${props.network}`}>
      <figcaption>
        <span class="avatar" aria-hidden="true">
          {info.label.charAt(0)}
        </span>
        <span>
          <strong>{info.label}</strong> <span class="acct">{props.account}</span>
        </span>
      </figcaption>
      <p class="post-text">
        {kept}
        {over && <mark title={t("compose.overLimit")}>{cut}</mark>}
        {length(all) === 0 && <em class="muted">{t("compose.previewEmpty")}</em>}
      </p>
      {props.image && <img src={props.image} alt={props.alt} class="thumb" />}
      {info.requiresImage && !props.image && <p class="warn">{t("compose.needsImage", { network: info.label })}</p>}
    </figure>
  );
}
