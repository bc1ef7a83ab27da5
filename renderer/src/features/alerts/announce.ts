/**
 * A short two-tone chime (Web Audio: no audio file to ship) and/or a desktop notification.
 * Clicking the notification brings the console forward and runs `onOpen` (jump to the vehicle).
 */
export function announce(message: string, how: { sound: boolean; notification: boolean; title?: string; onOpen?(): void }): void {
  if (how.sound) chime();
  if (how.notification && 'Notification' in window && Notification.permission === 'granted') {
    const notification = new Notification(how.title ?? 'Alert', { body: message, tag: 'fleet-alert' });
    notification.onclick = () => {
      window.focus();
      how.onOpen?.();
      notification.close();
    };
  }
}

function chime(): void {
  try {
    const audio = new AudioContext();
    [880, 660].forEach((frequency, k) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + k * 0.22);
      gain.gain.exponentialRampToValueAtTime(0.25, audio.currentTime + k * 0.22 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + k * 0.22 + 0.2);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + k * 0.22);
      oscillator.stop(audio.currentTime + k * 0.22 + 0.22);
    });
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No audio device: the visual alert still shows.
  }
}
