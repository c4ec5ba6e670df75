import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { t } from "../../i18n";
import { Icon } from "../Icon";
import { clock } from "./formatFile";

// Records a voice note as soon as it opens: the elapsed time shows, and the person sends
// it or throws it away. Opus in WebM where the browser has it, else what it records.

const PREFERRED_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
const TICK_MS = 250;

interface VoiceRecorderProps {
  onSend(blob: Blob, durationMs: number): void;
  onClose(): void;
}

export function VoiceRecorder({ onSend, onClose }: VoiceRecorderProps) {
  const elapsed = useSignal(0);
  const problem = useSignal<string | null>(null);
  const recording = useSignal(false);
  const recorder = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const sendButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let cancelled = false;
    const start = async () => {
      if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) {
        problem.value = t("voice.unsupported");
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        problem.value = t("voice.denied");
        return;
      }
      if (cancelled) return stream.getTracks().forEach((track) => track.stop());
      const mimeType = PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
      const media = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      recorder.current = media;
      media.ondataavailable = (event) => {
        if (event.data.size > 0) chunks.current.push(event.data);
      };
      const began = performance.now();
      media.start(TICK_MS * 4);
      recording.value = true;
      timer = setInterval(() => (elapsed.value = performance.now() - began), TICK_MS);
      sendButton.current?.focus();
    };
    void start();
    return () => {
      cancelled = true;
      clearInterval(timer);
      if (recorder.current?.state === "recording") recorder.current.stop();
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const finish = () => {
    const media = recorder.current;
    if (!media || media.state !== "recording") return;
    const duration = elapsed.peek();
    // The last chunk arrives with the stop event, before onstop.
    media.onstop = () => onSend(new Blob(chunks.current, { type: media.mimeType }), duration);
    media.stop();
  };

  return (
    <div
      class="voice-recorder"
      role="group"
      aria-label={t("voice.recording")}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <button type="button" class="icon-button" aria-label={t("voice.cancel")} onClick={onClose}>
        <Icon name="close" />
      </button>
      {problem.value ? (
        <p class="voice-problem" role="alert">
          {problem.value}
        </p>
      ) : (
        <p class="voice-elapsed" role="timer" aria-label={t("voice.elapsed", { time: clock(elapsed.value / 1000) })}>
          <span class="voice-dot" data-on={recording.value ? "" : undefined} aria-hidden="true" />
          {clock(elapsed.value / 1000)}
        </p>
      )}
      <button ref={sendButton} type="button" class="icon-button icon-button-primary" aria-label={t("voice.send")} disabled={!recording.value} onClick={finish}>
        <Icon name="send" />
      </button>
    </div>
  );
}
