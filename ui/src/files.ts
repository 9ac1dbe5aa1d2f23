// Files the person chooses in the window, read for the core.
import { api, PageError } from "./api";

/** What a file is for; the core holds each kind's size limit. */
export type FileKind = "roster" | "daily_scores" | "paper_records" | "package" | "evidence" | "campaign";

/**
 * Reads a chosen file as base64 (the form the core's commands take), after the core has
 * said its size is within the limit for its kind: a file too large is never read.
 */
export async function readAsBase64(file: File, kind: FileKind): Promise<string> {
  await api.checkFileSize(kind, file.name, file.size);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    // The browser cannot read a file changed or moved after it was chosen (a sheet corrected
    // and saved again): that is put right by choosing it again, not by a restart.
    reader.onerror = () =>
      reject(new PageError(`无法读取文件“${file.name}”：选择之后它被修改、移动或删除了。请点“选择文件”重新选择这个文件。`));
    reader.readAsDataURL(file);
  });
}
