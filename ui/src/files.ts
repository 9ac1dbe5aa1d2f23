// Files the person chooses in the window, read for the core.
import { api } from "./api";

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
    reader.onerror = () => reject(new Error(`无法读取文件“${file.name}”`));
    reader.readAsDataURL(file);
  });
}
