// What a page pays for <latch-sign-in> alone.
import '@latch/elements/sign-in';
