// The calendar: a client's posts by week or month in the client's time
// zone, whatever the browser's, every state in its colour and words.
// Dragging a post reschedules it; its details offer the same by keyboard.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Calendar as FullCalendar, type EventInput, type EventDropArg, type DatesSetArg } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import interactionPlugin from "@fullcalendar/interaction";
import luxonPlugin from "@fullcalendar/luxon3";
import frLocale from "@fullcalendar/core/locales/fr";
import { DateTime } from "luxon";
import type { Post } from "../../api/types";
import { postStatuses } from "../../api/types";
import { message } from "../../api/client";
import { useSession, managing } from "../../context";
import { lang, t } from "../../i18n";
import { setQuery, type Route } from "../../router";
import { useLoad, usePoll } from "../../ui/load";
import { ErrorNote, Loading, Empty } from "../../ui/status";
import { StatusBadge, statusLabel } from "../../ui/status-badge";
import { networkInfo, splitAccount } from "../../networks";
import { canReschedule, listPosts, reschedule } from "./posts";
import { Details } from "./details";

const views = { week: "timeGridWeek", month: "dayGridMonth" } as const;
type View = keyof typeof views;

export function Calendar({ route }: { route: Route }) {
  const { client, me, announce } = useSession();
  const posts = useLoad(() => listPosts(client.id), [client.id]);
  usePoll(posts.reload, 5000);
  const [selected, setSelected] = useState<string | null>(null);
  const [dropError, setDropError] = useState<string | null>(null);
  const [range, setRange] = useState<{ start: Date; end: Date } | null>(null);
  const view: View = route.query.get("view") === "month" ? "month" : "week";
  const date = route.query.get("date");
  const el = useRef<HTMLDivElement>(null);
  const cal = useRef<FullCalendar | null>(null);
  const byId = useRef(new Map<string, Post>());
  const mayMove = managing(me);

  // The calendar is made once per client and language; the posts, the
  // view and the date are then handed to it.
  useEffect(() => {
    if (!el.current) return;
    const c = new FullCalendar(el.current, {
      plugins: [dayGridPlugin, timeGridPlugin, interactionPlugin, luxonPlugin],
      timeZone: client.timezone,
      locale: lang() === "fr" ? frLocale : "en",
      initialView: views[view],
      initialDate: date ?? undefined,
      headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,dayGridMonth" },
      // Words rather than FullCalendar's icon fonts, which carry no name.
      buttonIcons: false,
      buttonText: {
        prev: t("calendar.prev"),
        next: t("calendar.next"),
        today: t("calendar.today"),
        week: t("calendar.week"),
        month: t("calendar.month"),
      },
      height: "auto",
      nowIndicator: true,
      scrollTime: "08:00:00",
      eventInteractive: true,
      editable: mayMove,
      eventDurationEditable: false,
      eventStartEditable: mayMove,
      displayEventEnd: false,
      defaultTimedEventDuration: "00:30",
      eventContent: (arg) => {
        const p = arg.event.extendedProps.post as Post;
        const wrap = document.createElement("span");
        wrap.className = "ev";
        const state = document.createElement("strong");
        state.textContent = statusLabel(p.status);
        const what = document.createElement("span");
        what.textContent = ` ${arg.timeText} ${networkInfo(splitAccount(p.account).network).label}: ${p.text}`;
        wrap.append(state, what);
        return { domNodes: [wrap] };
      },
      eventDidMount: (arg) => {
        const p = arg.event.extendedProps.post as Post;
        arg.el.setAttribute("aria-label", `${statusLabel(p.status)}, ${p.localTime.replace("T", " ")}, ${p.account}: ${p.text}`);
        arg.el.dataset.post = p.id;
      },
      eventClick: (arg) => {
        arg.jsEvent.preventDefault();
        setSelected(arg.event.id);
      },
      eventAllow: (_span, ev) => !!ev && canReschedule(ev.extendedProps.post as Post),
      eventDrop: (arg: EventDropArg) => void dropped(arg),
      datesSet: (arg: DatesSetArg) => {
        const v = arg.view.type === views.month ? "month" : "week";
        const d = DateTime.fromJSDate(arg.view.currentStart, { zone: client.timezone }).toISODate();
        setRange({ start: arg.view.activeStart, end: arg.view.activeEnd });
        setQuery({ view: v, date: d });
      },
    });
    c.render();
    cal.current = c;
    return () => {
      c.destroy();
      cal.current = null;
    };
  }, [client.id, client.timezone, lang(), mayMove]);

  // The URL leads: back and forward, or a shared link, move the calendar.
  useEffect(() => {
    const c = cal.current;
    if (!c) return;
    if (c.view.type !== views[view]) c.changeView(views[view]);
    if (date) {
      const shown = DateTime.fromJSDate(c.view.currentStart, { zone: client.timezone }).toISODate();
      if (shown !== date) c.gotoDate(date);
    }
  }, [view, date]);

  const dropped = async (arg: EventDropArg) => {
    const p = byId.current.get(arg.event.id);
    const start = arg.event.start;
    if (!p || !start) return arg.revert();
    const at = DateTime.fromJSDate(start, { zone: client.timezone }).toFormat("yyyy-LL-dd'T'HH:mm");
    setDropError(null);
    try {
      const moved = await reschedule(p, at);
      byId.current.set(moved.id, moved);
      announce(t("calendar.rescheduled", { when: at.replace("T", " ") }));
      await posts.reload();
    } catch (err) {
      arg.revert();
      setDropError(message(err));
    }
  };

  const events: EventInput[] = useMemo(
    () =>
      (posts.data ?? [])
        .filter((p) => p.status !== "cancelled")
        .map((p) => ({
          id: p.id,
          start: p.scheduledAt,
          classNames: [`status-${p.status}`],
          startEditable: mayMove && canReschedule(p),
          extendedProps: { post: p },
        })),
    [posts.data, mayMove],
  );

  useEffect(() => {
    const c = cal.current;
    if (!c || !posts.data) return;
    byId.current = new Map(posts.data.map((p) => [p.id, p]));
    c.batchRendering(() => {
      c.removeAllEventSources();
      c.addEventSource(events);
    });
    if (!performance.getEntriesByName("relais:calendar-ready").length) performance.mark("relais:calendar-ready");
  }, [events]);

  const visible = (posts.data ?? [])
    .filter((p) => !range || (new Date(p.scheduledAt) >= range.start && new Date(p.scheduledAt) < range.end))
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  const current = selected ? posts.data?.find((p) => p.id === selected) : undefined;

  return (
    <div class="calendar-screen">
      <p class="hint">{t("calendar.zone", { zone: client.timezone })}</p>
      <ul class="legend" aria-label={t("calendar.legend")}>
        {postStatuses.map((s) => (
          <li key={s}>
            <StatusBadge status={s} />
          </li>
        ))}
      </ul>
      {posts.loading && !posts.data && <Loading what={t("loading.posts")} />}
      {posts.error && <ErrorNote retry={() => void posts.reload()}>{posts.error}</ErrorNote>}
      {dropError && <ErrorNote>{dropError}</ErrorNote>}
      <div class="calendar-layout">
        <div ref={el} class="fc-host" aria-label={t("calendar.label")} role="region" />
        {current && (
          <Details
            post={current}
            mayMove={mayMove}
            onChanged={async (msg) => {
              announce(msg);
              await posts.reload();
            }}
            onClose={() => {
              setSelected(null);
              (document.querySelector(`[data-post="${current.id}"]`) as HTMLElement | null)?.focus();
            }}
          />
        )}
      </div>
      <section aria-labelledby="period-posts">
        <h2 id="period-posts">{t("calendar.inView")}</h2>
        {posts.data && visible.length === 0 && <Empty>{t("calendar.empty")}</Empty>}
        <ul class="post-list">
          {visible.map((p) => (
            <li key={p.id}>
              <button type="button" class="row" onClick={() => setSelected(p.id)} aria-expanded={selected === p.id}>
                <StatusBadge status={p.status} /> <time>{p.localTime.replace("T", " ")}</time>{" "}
                <span class="acct">{p.account}</span> <span class="text">{p.text}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
