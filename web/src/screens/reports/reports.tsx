// Reports: the client's list, each opened in the browser, and its CSV and
// JSON saved, through the fresh pre-signed links the API answers.
import { clientPath, get } from "../../api/client";
import type { FileLinksAnswer, ReportRecord } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { screenPath } from "../../router";
import { useLoad, usePoll } from "../../ui/load";
import { Link } from "../../ui/link";
import { Empty, Loaded } from "../../ui/status";

export function Reports({ period }: { period: string }) {
  return period ? <Report period={period} /> : <List />;
}

function List() {
  const { client } = useSession();
  const reports = useLoad(() => get<{ items: ReportRecord[] }>(clientPath(client.id, "/reports")).then((r) => r.items), [client.id]);
  return (
    <Loaded state={reports} what={t("loading.reports")}>
      {(items) =>
        items.length === 0 ? (
          <Empty>{t("reports.none")}</Empty>
        ) : (
          <ul class="report-list">
            {[...items]
              .sort((a, b) => b.period.from.localeCompare(a.period.from))
              .map((r) => (
                <li key={r.period.label}>
                  <Link href={screenPath(client.id, "reports", `/${encodeURIComponent(r.period.label)}`)}>{r.period.label}</Link>{" "}
                  <span class="muted">
                    {t("reports.span", { from: r.period.from.slice(0, 10), to: r.period.to.slice(0, 10) })}
                    {r.empty && ` · ${t("reports.empty")}`} · {t("reports.written", { when: dateTime(r.writtenAt, client.timezone) })}
                  </span>
                </li>
              ))}
          </ul>
        )
      }
    </Loaded>
  );
}

const filePath = (client: string, period: string, file: string) =>
  clientPath(client, `/reports/${encodeURIComponent(period)}/${encodeURIComponent(file)}`);

// linksTTL is how often a file's links are asked for again: the API signs
// them for five minutes.
const linksTTL = 4 * 60_000;

function Report({ period }: { period: string }) {
  const { client } = useSession();
  const record = useLoad(() => get<ReportRecord>(clientPath(client.id, `/reports/${encodeURIComponent(period)}`)), [client.id, period]);
  return (
    <>
      <p>
        <Link href={screenPath(client.id, "reports")}>{t("reports.back")}</Link>
      </p>
      <Loaded state={record} what={t("loading.report")}>
        {(r) => (
          <>
            <h2>{r.period.label}</h2>
            <ul class="actions report-files">
              {r.files.map((f) => (
                <FileLinks key={f} record={r} file={f} />
              ))}
            </ul>
          </>
        )}
      </Loaded>
    </>
  );
}

// FileLinks opens and saves one of the report's files through fresh
// links from the API: the console may not read the reports bucket, but
// the browser may open what it links to.
function FileLinks({ record, file }: { record: ReportRecord; file: string }) {
  const { client } = useSession();
  const links = useLoad(() => get<FileLinksAnswer>(filePath(client.id, record.period.label, file)), [client.id, record.period.label, file]);
  usePoll(links.reload, linksTTL);
  const kind = file.split(".").pop()!.toUpperCase();
  return (
    <li>
      <Loaded state={links} what={t("loading.report")}>
        {(l) =>
          kind === "HTML" ? (
            <a class="button" href={l.url} target="_blank" rel="noopener noreferrer">
              {t("reports.open")}
            </a>
          ) : (
            <a class="button" href={l.download}>
              {t("reports.download", { kind })}
            </a>
          )
        }
      </Loaded>
    </li>
  );
}
