import { sha256Hex } from "../core/hash.js";

/**
 * Folder names made from what a user wrote — a scenario's name, a seed, an experiment's name, a
 * point or run id — must stay one folder inside the folder they are joined to (`runs/`,
 * `experiments/`, `plans/`): a scenario named `../../evil-name` must not write above the
 * working directory. One rule for all of them, here.
 */

/** The longest name {@link safeFolderName} returns by default: room for a seed and a time stamp within any file system's 255. */
export const FOLDER_NAME_MAX = 80;

/** Names Windows reserves whatever their extension: a folder called `con` or `NUL.txt` cannot be made there. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * `text` as one safe path component: ASCII letters, digits, `-`, `_` and `.` are kept, every
 * other character (a path separator, NUL, a space, any non-ASCII letter) becomes `_`; a leading
 * or trailing `.` and any run of dots (`..`) become `_`, so the result is never `.`, `..` or a
 * hidden name. Longer than `maxLength`, it is cut and ends in 8 hex digits of its SHA-256, so two
 * long names that share a beginning stay apart. A name that is already safe comes back as it is
 * (`dcc-week`, `42`): the folder names the docs show do not change.
 */
export function safeFolderName(text: string, maxLength = FOLDER_NAME_MAX): string {
  if (!(Number.isInteger(maxLength) && maxLength >= 16)) throw new RangeError(`safeFolderName: maxLength must be a whole number ≥ 16, got ${maxLength}`);
  // Per code point (not UTF-16 unit), so one emoji is one `_`.
  let name = Array.from(text, (ch) => (/^[A-Za-z0-9._-]$/.test(ch) ? ch : "_")).join("");
  name = name.replace(/\.{2,}/g, (dots) => "_".repeat(dots.length)).replace(/^\./, "_").replace(/\.$/, "_");
  if (name === "") name = "_";
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name.length > maxLength) name = `${name.slice(0, maxLength - 9)}-${sha256Hex(text).slice(0, 8)}`;
  return name;
}
