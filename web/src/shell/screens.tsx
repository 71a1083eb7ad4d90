// The screens of a client, in the order the navigation shows them.
import type { ComponentChildren } from "preact";
import type { Route } from "../router";
import { t } from "../i18n";
import { Calendar } from "../screens/calendar/calendar";
import { Compose } from "../screens/compose/compose";
import { Approvals } from "../screens/approvals/approvals";
import { Inbox } from "../screens/inbox/inbox";
import { Reports } from "../screens/reports/reports";
import { Settings } from "../screens/settings/settings";

export interface Screen {
  id: string;
  title: () => string;
  // managing screens are an admin's or a manager's only.
  managing: boolean;
  render: (p: { rest: string; route: Route }) => ComponentChildren;
}

export const screens: Screen[] = [
  { id: "calendar", title: () => t("nav.calendar"), managing: false, render: ({ route }) => <Calendar route={route} /> },
  { id: "compose", title: () => t("nav.compose"), managing: true, render: () => <Compose /> },
  { id: "approvals", title: () => t("nav.approvals"), managing: false, render: () => <Approvals /> },
  { id: "inbox", title: () => t("nav.inbox"), managing: true, render: ({ route }) => <Inbox route={route} /> },
  { id: "reports", title: () => t("nav.reports"), managing: false, render: ({ rest }) => <Reports period={rest} /> },
  { id: "settings", title: () => t("nav.settings"), managing: true, render: () => <Settings /> },
];
