export {
  toCssCustomProperties,
  toCssRule,
  type CssCustomProperties,
  type TokenGroup,
  type ToCssCustomPropertiesOptions,
} from './toCssCustomProperties.ts';
export { cssVar, lightThemeCss, lightThemeProperties, PREFIX } from './lightTheme.ts';
export { default as tokens } from './tokens.json' with { type: 'json' };
