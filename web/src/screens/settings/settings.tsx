// Settings of a client: pause and resume, its accounts, its moderation
// rules, its inbox's service targets and saved replies, and its branding.
import { Accounts } from "./accounts";
import { Branding } from "./branding";
import { Pause } from "./pause";
import { Rules } from "./rules";
import { SavedReplies } from "./saved-replies";
import { Targets } from "./targets";

export function Settings() {
  return (
    <div class="settings">
      <Pause />
      <Accounts />
      <Rules />
      <Targets />
      <SavedReplies />
      <Branding />
    </div>
  );
}
