/** The environment module's events, declared once. */
export const environmentEvents = {
  /** A case, alarm or other subject was found inside a drinking-water source protection zone. */
  zoneFlagged: 'environment.zone.flagged',
} as const;

/**
 * The monitoring module's alarm event this module reacts to. Declared here until monitoring
 * exports its alarm events; the payload carries `assetId`, `lon`, `lat` (and `alarmId` when known).
 */
export const monitoringAlarmRaised = 'monitoring.alarm.raised';

/** What `environment.zone.flagged` carries: the subject, the zone and its level, the point. */
export interface ZoneFlaggedPayload {
  flagId: string;
  subject: { type: string; id: string };
  zone: { id: string; name: string; nameEn: string | null; level: 'I' | 'II' | 'quasi'; levelName: { zh: string; en: string }; sourceCode: string; sourceName: string; sample: boolean };
  lon: number;
  lat: number;
  regionCode: string | null;
}
