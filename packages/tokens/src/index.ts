export {
  toCssCustomProperties,
  toCssRule,
  type CssCustomProperties,
  type TokenGroup,
  type ToCssCustomPropertiesOptions,
} from './toCssCustomProperties.ts';
export { cssVar, lightThemeCss, lightThemeProperties, PREFIX } from './lightTheme.ts';
export { darkTheme, enterpriseTheme, lightTheme, playfulTheme, themeNames, themesCss, type ThemeName, type TokenName } from './generated/themes.ts';
export { contrastRatio, isHexColor, parseHexColor, relativeLuminance, type Rgb } from './contrast.ts';
export { default as tokens } from './tokens.json' with { type: 'json' };
