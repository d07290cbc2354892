/**
 * A device's name from the browser's `User-Agent`: its family and system ("Firefox on Linux"),
 * as a user would recognise it in a list of their devices (ListDevices' `device_name`). Only the
 * well-known families are named; anything else is "Web browser".
 */

const FAMILIES: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|Chromium|CriOS|HeadlessChrome)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\bAndroid\b/, "Android"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/**
 * The name of the browser `userAgent` describes, or `null` without one.
 *
 * @example
 * ```ts
 * browserName("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"); // "Firefox on Linux"
 * ```
 */
export function browserName(userAgent: string | null | undefined): string | null {
  const ua = (userAgent ?? "").slice(0, 512);
  if (ua.trim() === "") return null;
  const family = FAMILIES.find(([pattern]) => pattern.test(ua))?.[1] ?? "Web browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  return system === undefined ? family : `${family} on ${system}`;
}
