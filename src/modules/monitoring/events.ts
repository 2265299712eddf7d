/**
 * The monitoring module's events, declared once. Readings themselves are never events (there
 * are far too many): the rule engine sees them through the ingest hook and emits alarm events.
 */
export const monitoringEvents = {
  assetCreated: 'monitoring.asset.created',
  assetUpdated: 'monitoring.asset.updated',
  deviceCreated: 'monitoring.device.created',
  deviceUpdated: 'monitoring.device.updated',
} as const;
