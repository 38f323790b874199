import { css } from './sheet.js';

/**
 * Shared by both elements: the public `--lianlian-checkout-*` properties mapped to private `--_*`
 * ones, and the spinner. Every rule sits in a cascade layer so that page CSS (`::part`, host rules)
 * wins without `!important`.
 */
export const themeStyles = css`
  @layer lianlian-checkout {
    :host {
      --_accent: var(--lianlian-checkout-accent, #0b57d0);
      --_accent-text: var(--lianlian-checkout-accent-text, #fff);
      --_error: var(--lianlian-checkout-error, #b3261e);
      --_radius: var(--lianlian-checkout-radius, 8px);
      --_spacing: var(--lianlian-checkout-spacing, 12px);
      display: inline-block;
      color: var(--lianlian-checkout-text, #1f1f1f);
      font: 500 16px/1.4 var(--lianlian-checkout-font, system-ui, sans-serif);
    }
    :host([hidden]) {
      display: none;
    }
    [part='spinner'] {
      width: 1em;
      height: 1em;
      border: 2px solid;
      border-right-color: transparent;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(1turn);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      [part='spinner'] {
        animation: none;
        border-style: dotted;
      }
    }
  }
`;
