import { createRequire } from 'node:module';
import path from 'node:path';

// Noto Sans SC (SIL Open Font License 1.1) from the npm package @expo-google-fonts/noto-sans-sc:
// Chinese renders on a fresh machine with no system font. Found through the package, not a path guess.
const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

/** The report font's family name, as charts and the PDF name it. */
export const reportFontFamily = 'Noto Sans SC';

/** The files of the report font: regular and bold TrueType. */
export const reportFontFiles = {
  regular: path.join(root, '400Regular', 'NotoSansSC_400Regular.ttf'),
  bold: path.join(root, '700Bold', 'NotoSansSC_700Bold.ttf'),
};
