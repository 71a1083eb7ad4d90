// Image upload: the API makes a pending media and a pre-signed PUT; the
// browser sends the bytes straight to the media bucket; the API then
// checks the stored object and answers a preview URL.
import { clientPath, request, ApiError } from "../../api/client";
import type { Media } from "../../api/types";

export const imageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];
export const maxImage = 8 << 20;

export async function upload(client: string, file: File, alt: string): Promise<Media> {
  const made = await request<Media>("POST", clientPath(client, "/media"), {
    body: { type: file.type, size: file.size, alt },
  });
  const m = made.data;
  if (!m.upload) throw new ApiError(500, "", "");
  let put: Response;
  try {
    put = await fetch(m.upload.url, { method: m.upload.method || "PUT", headers: m.upload.headers, body: file });
  } catch {
    throw new ApiError(0, "", "");
  }
  if (!put.ok) throw new ApiError(put.status >= 500 ? 502 : put.status, "", "");
  const done = await request<Media>("POST", clientPath(client, `/media/${encodeURIComponent(m.id)}/complete`));
  return done.data;
}
