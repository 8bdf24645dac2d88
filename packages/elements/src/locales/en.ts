import type { LatchLocale } from './LatchLocale.ts';

export const en = {
  lang: 'en',
  strings: {
    'heading.sign-in': 'Sign in',
    'heading.sign-up': 'Create your account',

    'field.email': 'Email',
    'field.password': 'Password',

    'action.identifier.submit': 'Continue',
    'action.password.submit': 'Sign in',
    'action.password.back': 'Use a different email',
    'action.credentials.submit': 'Create account',
    'action.submit': 'Continue',
    'action.back': 'Back',
    'action.retry': 'Try again',

    'message.required': 'This field is required.',
    'message.invalid_email': 'Enter a valid email address.',
    'message.password_too_short': 'Use at least {min} characters.',
    'message.password_too_long': 'Use at most {max} characters.',
    'message.password_too_common': 'This password is too common. Choose a longer or less predictable one.',
    'message.password_contains_email': 'Do not use your email address as your password.',
    'message.email_unavailable': 'This email address cannot be used to create an account. Try signing in instead.',
    'message.invalid_credentials': 'The email or password is incorrect.',
    'message.flow_expired': 'That took too long, so we started again. Please enter your details once more.',
    'message.flow_not_found': 'That took too long, so we started again. Please enter your details once more.',
    'message.rate_limited': 'Too many attempts. Wait a little, then try again.',
    'message.network_error': 'We could not reach the server. Check your connection and try again.',
    'message.generic': 'Something went wrong on our side. Please try again.',

    'strength.label': 'Password strength',
    'strength.summary': 'Password strength: {level}',
    'strength.weak': 'Weak',
    'strength.fair': 'Fair',
    'strength.strong': 'Strong',
    'strength.very-strong': 'Very strong',

    'status.loading': 'Loading…',
    'status.complete': 'You are signed in.',
  },
} as const satisfies LatchLocale;
