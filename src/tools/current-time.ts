import { toolFailure, toolSuccess, type RawToolResult } from './tool-result.js';

/** The time now, as ISO (UTC) and formatted in an IANA time zone (UTC by default). */
export function currentTime(input: Record<string, unknown>, now: Date): RawToolResult {
  const timezone = input.timezone === undefined || input.timezone === null || input.timezone === '' ? 'UTC' : input.timezone;
  if (typeof timezone !== 'string') return toolFailure('timezone must be a string such as "Europe/Paris"');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, dateStyle: 'full', timeStyle: 'long' });
  } catch {
    return toolFailure(`unknown time zone "${timezone}"; use an IANA name such as Europe/Paris or America/New_York`);
  }
  const zone = formatter.resolvedOptions().timeZone;
  const output = { iso: now.toISOString(), timezone: zone, formatted: formatter.format(now) };
  return toolSuccess(output, `${output.formatted} (${zone}); ISO ${output.iso}`);
}
