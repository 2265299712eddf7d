// The telemetry topic: citywork/<city_code>/<device_id>/telemetry (issue 7).

const devicePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The topic a device publishes its readings on. */
export function telemetryTopic(cityCode: string, deviceId: string): string {
  return `citywork/${cityCode}/${deviceId}/telemetry`;
}

/** The topic filter of every device's telemetry in a city (`+` for every city). */
export function telemetryFilter(cityCode: string | '+'): string {
  return `citywork/${cityCode}/+/telemetry`;
}

/** The MQTT 5 shared subscription through which several copies split a city's telemetry. */
export function sharedTelemetryFilter(cityCode: string, group = 'citywork'): string {
  return `$share/${group}/${telemetryFilter(cityCode)}`;
}

/** Whether a topic is meant as telemetry (under `citywork/` and ending `/telemetry`), well-formed or not. */
export function looksLikeTelemetry(topic: string): boolean {
  return topic.startsWith('citywork/') && topic.endsWith('/telemetry');
}

/** The city and device of a telemetry topic, or why it is not one. */
export function parseTelemetryTopic(topic: string): { cityCode: string; deviceId: string } | { problem: string } {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'citywork' || parts[3] !== 'telemetry') return { problem: 'the topic must be citywork/<city_code>/<device_id>/telemetry' };
  const [, cityCode, deviceId] = parts as [string, string, string, string];
  if (!/^\d{6}$/.test(cityCode)) return { problem: `${cityCode} is not a 6-digit city code` };
  if (!devicePattern.test(deviceId)) return { problem: `${deviceId} is not a device id (1–64 letters, digits, . _ : -)` };
  return { cityCode, deviceId };
}
