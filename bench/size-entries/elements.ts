// What a page pays for every <latch-*> element.
import '@latch/elements/define';
