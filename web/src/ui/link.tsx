// Link is an anchor that moves within the console without reloading it.
import type { ComponentChildren, JSX } from "preact";
import { follow } from "../router";

export function Link(props: { href: string; children: ComponentChildren } & JSX.HTMLAttributes<HTMLAnchorElement>) {
  const { children, ...rest } = props;
  return (
    <a {...rest} onClick={follow}>
      {children}
    </a>
  );
}
