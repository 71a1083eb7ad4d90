// Reports: the client's list, each opened in the browser, and its CSV and
// JSON downloaded through the API (which answers a fresh pre-signed URL).
import { useEffect, useState } from "preact/hooks";
import { ApiError, clientPath, get, message, request } from "../../api/client";
import type { ReportRecord } from "../../api/types";
import { useSession } from "../../context";
import { dateTime, t } from "../../i18n";
import { screenPath } from "../../router";
import { useLoad } from "../../ui/load";
import { Link } from "../../ui/link";
import { Empty, ErrorNote, Loaded, Loading } from "../../ui/status";

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

// fileError says why a report's file did not come: the API answers a
// redirect to storage, which the browser may not be let to read.
function fileError(err: unknown): string {
  return err instanceof ApiError && err.status === 0 ? t("reports.storage") : message(err);
}

const filePath = (client: string, period: string, file: string) =>
  clientPath(client, `/reports/${encodeURIComponent(period)}/${encodeURIComponent(file)}`);

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
            <Downloads record={r} />
            {r.files.includes("report.html") && <Page record={r} />}
          </>
        )}
      </Loaded>
    </>
  );
}

function Downloads({ record }: { record: ReportRecord }) {
  const { client } = useSession();
  const [error, setError] = useState<string | null>(null);
  const download = async (file: string) => {
    setError(null);
    try {
      const blob = (await request<Blob>("GET", filePath(client.id, record.period.label, file), { as: "blob" })).data;
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `${client.id}-${record.period.label}-${file}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      setError(fileError(err));
    }
  };
  return (
    <div class="actions">
      {record.files
        .filter((f) => !f.endsWith(".html"))
        .map((f) => (
          <button type="button" key={f} onClick={() => void download(f)}>
            {t("reports.download", { kind: f.split(".").pop()!.toUpperCase() })}
          </button>
        ))}
      {error && <ErrorNote>{error}</ErrorNote>}
    </div>
  );
}

// Page shows the report's own HTML page, sandboxed: it runs no script and
// reaches nothing of the console's.
function Page({ record }: { record: ReportRecord }) {
  const { client } = useSession();
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    request<string>("GET", filePath(client.id, record.period.label, "report.html"), { as: "text" })
      .then((a) => setHtml(a.data))
      .catch((err) => setError(fileError(err)));
  }, [record.period.label]);
  if (error) return <ErrorNote>{error}</ErrorNote>;
  if (html === null) return <Loading what={t("loading.report")} />;
  return <iframe class="report-frame" title={t("reports.frame", { period: record.period.label })} sandbox="" srcDoc={html} />;
}
