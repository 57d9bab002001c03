import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isDevToolsShortcut, type KeyInputLike } from '../../../src-main/electron/devtools-guard';

const key = (k: string, mods: Partial<KeyInputLike> = {}): KeyInputLike => ({
  key: k,
  code: /^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

it('recognises the DevTools shortcuts of every platform', () => {
  for (const input of [
    key('F12'),
    key('F12', { shift: true }),
    key('I', { control: true, shift: true }),
    key('J', { control: true, shift: true }),
    key('C', { control: true, shift: true }),
    key('i', { meta: true, alt: true }),
    key('j', { meta: true, alt: true }),
    key('C', { meta: true, shift: true }),
    // A layout that types something else on the I key still opens DevTools by its code.
    { ...key('ш', { control: true, shift: true }), code: 'KeyI' },
  ]) {
    assert.equal(isDevToolsShortcut(input), true, JSON.stringify(input));
  }
});

it('leaves the cashier keys alone', () => {
  for (const input of [
    key('c', { control: true }), // copy
    key('i', { control: true }),
    key('I', { shift: true }), // a capital I in a plate
    key('J'),
    key('F5'),
    key('Enter', { control: true, shift: true }),
  ]) {
    assert.equal(isDevToolsShortcut(input), false, JSON.stringify(input));
  }
});
