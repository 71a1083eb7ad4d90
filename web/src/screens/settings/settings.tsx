// Settings of a client: pause and resume, its accounts, its moderation
// rules and its branding.
import { Accounts } from "./accounts";
import { Branding } from "./branding";
import { Pause } from "./pause";
import { Rules } from "./rules";

export function Settings() {
  return (
    <div class="settings">
      <Pause />
      <Accounts />
      <Rules />
      <Branding />
    </div>
  );
}
