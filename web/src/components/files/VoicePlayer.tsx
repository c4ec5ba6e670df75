import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n";
import { Icon } from "../Icon";
import { clock } from "./formatFile";

// A voice note's player: play/pause, the time, and a waveform that is also the seek bar.
// The bars come from decoding the audio (Web Audio) and taking the peak of each slice;
// they are worked out once per upload and kept for the page's lifetime.

const BARS = 40;

interface Wave {
  /** Peaks, 0–1, one per bar. */
  bars: number[];
  /** Seconds, from the decoded audio (recorded WebM files often carry no duration). */
  duration: number;
}

const waves = new Map<string, Promise<Wave>>();

function loadWave(uploadId: string, url: string): Promise<Wave> {
  let wave = waves.get(uploadId);
  if (!wave) {
    wave = decode(url);
    // A failed load (offline) may be tried again by the next player that shows it.
    wave.catch(() => waves.delete(uploadId));
    waves.set(uploadId, wave);
  }
  return wave;
}

async function decode(url: string): Promise<Wave> {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`voice note: ${response.status}`);
  const bytes = await response.arrayBuffer();
  try {
    const context = new OfflineAudioContext(1, 1, 44_100);
    const audio = await context.decodeAudioData(bytes);
    return { bars: peaks(audio), duration: audio.duration };
  } catch {
    // Undecodable here: it may still play; the waveform stays flat.
    return { bars: new Array<number>(BARS).fill(0.15), duration: 0 };
  }
}

function peaks(audio: AudioBuffer): number[] {
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  const size = Math.max(1, Math.floor(audio.length / BARS));
  const bars: number[] = [];
  for (let bar = 0; bar < BARS; bar++) {
    let peak = 0;
    const end = Math.min(audio.length, (bar + 1) * size);
    for (const data of channels) for (let i = bar * size; i < end; i++) peak = Math.max(peak, Math.abs(data[i]!));
    bars.push(peak);
  }
  const loudest = Math.max(...bars, 0.001);
  // Quiet notes still show a shape; silence shows a low line.
  return bars.map((peak) => Math.max(0.08, peak / loudest));
}

interface VoicePlayerProps {
  uploadId: string;
  url: string;
  durationMs?: number | undefined;
}

export function VoicePlayer({ uploadId, url, durationMs }: VoicePlayerProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const wave = useSignal<Wave | null>(null);
  const failed = useSignal(false);
  const playing = useSignal(false);
  const position = useSignal(0);

  useEffect(() => {
    let live = true;
    loadWave(uploadId, url).then(
      (loaded) => {
        if (live) wave.value = loaded;
      },
      () => {
        if (live) failed.value = true;
      },
    );
    return () => {
      live = false;
    };
  }, [uploadId]);

  const loaded = wave.value;
  const duration = loaded?.duration || (durationMs ?? 0) / 1000;
  const played = duration > 0 ? position.value / duration : 0;

  const toggle = () => {
    const element = audio.current;
    if (!element) return;
    if (element.paused) void element.play().catch(() => (playing.value = false));
    else element.pause();
  };

  return (
    <div class="voice-player" data-playing={playing.value ? "" : undefined}>
      <button
        type="button"
        class="icon-button icon-button-primary voice-toggle"
        aria-label={playing.value ? t("voice.pause") : t("voice.play")}
        disabled={!loaded}
        onClick={toggle}
      >
        <Icon name={playing.value ? "pause" : "play"} size={18} />
      </button>
      <div class="voice-wave">
        <span class="voice-bars" aria-hidden="true">
          {(loaded?.bars ?? new Array<number>(BARS).fill(0.15)).map((height, index) => (
            <span key={index} style={{ height: `${Math.round(height * 100)}%` }} data-played={(index + 0.5) / BARS <= played ? "" : undefined} />
          ))}
        </span>
        <input
          type="range"
          class="voice-seek"
          min={0}
          max={duration || 1}
          step={0.1}
          value={position.value}
          disabled={!loaded || duration === 0}
          aria-label={t("voice.seek")}
          aria-valuetext={`${clock(position.value)} / ${clock(duration)}`}
          onInput={(event) => {
            const value = Number((event.currentTarget as HTMLInputElement).value);
            position.value = value;
            if (audio.current) audio.current.currentTime = value;
          }}
        />
      </div>
      <span class="voice-time">
        <span class="voice-position">{clock(position.value)}</span>
        {" / "}
        <span class="voice-duration">{failed.value ? "–:––" : clock(duration)}</span>
      </span>
      {loaded && (
        <audio
          ref={audio}
          // The server's copy (the page's CSP allows media from itself, not blob: URLs);
          // the browser's cache already holds the bytes fetched for the waveform.
          src={url}
          preload="auto"
          onPlay={() => (playing.value = true)}
          onPause={() => (playing.value = false)}
          onEnded={() => {
            playing.value = false;
            position.value = 0;
          }}
          onTimeUpdate={(event) => {
            const element = event.currentTarget as HTMLAudioElement;
            if (!element.ended) position.value = element.currentTime;
          }}
        />
      )}
    </div>
  );
}
