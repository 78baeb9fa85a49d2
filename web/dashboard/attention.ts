/** Getting the seller's attention: the unread total in the tab title, and a short beep. */
const TITLE = 'Seller dashboard';
/** A burst of messages (a backlog after reconnecting) beeps once. */
const BEEP_GAP_MS = 1500;

export function showUnreadInTitle(total: number): void {
  const title = total > 0 ? `(${total}) ${TITLE}` : TITLE;
  if (document.title !== title) document.title = title;
}

type AudioContextClass = typeof AudioContext;
let context: AudioContext | undefined;
let lastBeep = 0;

function audioContext(): AudioContext | undefined {
  if (context) return context;
  const Ctor = (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext) as AudioContextClass | undefined;
  if (!Ctor) return undefined;
  context = new Ctor();
  return context;
}

/**
 * Browsers keep audio off until the user has interacted with the page: creating (or resuming) the
 * context inside a click or key press unlocks it for the later beeps.
 */
export function unlockAudio(): void {
  try {
    const ctx = audioContext();
    if (ctx && ctx.state === 'suspended') ctx.resume().catch(() => undefined);
  } catch {
    /* no audio: the title still counts */
  }
}

/** A 0.2 s two-tone chime; silently nothing when audio is unavailable or blocked. */
export function beep(): void {
  const now = Date.now();
  if (now - lastBeep < BEEP_GAP_MS) return;
  lastBeep = now;
  try {
    const ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.01;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
    gain.connect(ctx.destination);
    const oscillator = ctx.createOscillator();
    oscillator.type = 'sine';
    oscillator.frequency.setValueAtTime(880, start);
    oscillator.frequency.setValueAtTime(1175, start + 0.09);
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(start + 0.24);
  } catch {
    /* blocked or unsupported audio must never break message handling */
  }
}
