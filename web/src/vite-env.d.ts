// Vite's `?url` imports: the URL of a file emitted as an asset.
declare module '*?url' {
  const url: string;
  export default url;
}
