/**
 * Why a reading or message was not stored, each with its description in zh-CN and en. A
 * refused reading is kept in the quarantine with one of these, never dropped silently.
 */
export const quarantineReasons = {
  bad_topic: { zh: '主题格式错误', en: 'The topic is not citywork/<city>/<device>/telemetry' },
  malformed_payload: { zh: '报文格式错误', en: 'The payload is not the telemetry JSON' },
  unknown_device: { zh: '未登记的设备', en: 'No such device is registered' },
  inactive_device: { zh: '设备已停用', en: 'The device is registered but inactive' },
  unknown_metric: { zh: '未知指标', en: 'The metric is not in the catalogue' },
  metric_not_on_device: { zh: '设备不报送该指标', en: 'The device is not registered for this metric' },
  wrong_unit: { zh: '单位不符', en: 'The unit given is not the metric’s unit' },
  not_numeric: { zh: '数值不是数字', en: 'The value is not a number' },
  not_finite: { zh: '数值非有限数', en: 'The value is not a finite number' },
  out_of_range: { zh: '超出有效量程', en: 'The value is outside the metric’s valid range' },
  bad_ts: { zh: '时间戳无效', en: 'The timestamp is missing or not ISO 8601 with a zone or epoch milliseconds' },
  future_ts: { zh: '时间戳超前', en: 'The timestamp is more than 5 minutes in the future' },
  too_old: { zh: '时间戳过旧', en: 'The timestamp is older than raw readings are kept' },
  storage_error: { zh: '存储失败', en: 'The database refused the reading' },
} as const;

export type QuarantineReason = keyof typeof quarantineReasons;
export const quarantineReasonCodes = Object.keys(quarantineReasons) as QuarantineReason[];
