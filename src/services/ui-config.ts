/** What the page needs to know about the server's settings before it renders anything (issue 18). */
export interface UiConfig {
  /** MEDIA_ORIGINS: origins images and videos of model or tool output may load from besides this server. */
  mediaOrigins: string[];
}

export function createUiConfigService(config: UiConfig) {
  const frozen: UiConfig = { mediaOrigins: [...config.mediaOrigins] };
  return { get: (): UiConfig => frozen };
}

export type UiConfigService = ReturnType<typeof createUiConfigService>;
