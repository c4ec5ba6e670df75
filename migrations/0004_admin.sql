CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`target_user_id` text,
	`report_id` integer,
	`details` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `message_days` (
	`day` integer PRIMARY KEY NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room_id` text NOT NULL,
	`seq` integer NOT NULL,
	`sender_id` text,
	`reporter_id` text NOT NULL,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`resolved_by` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reporter_message_idx` ON `reports` (`reporter_id`,`room_id`,`seq`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `reports_message_idx` ON `reports` (`room_id`,`seq`);--> statement-breakpoint
CREATE INDEX `sessions_seen_idx` ON `sessions` (`last_seen_at`,`user_id`);--> statement-breakpoint
-- Written by hand (drizzle-kit does not generate triggers): each time a room's summary moves
-- its last_seq forward, the messages it added are counted into the UTC day of its newest
-- message, so the admin stats read "messages today" from one row instead of every room.
CREATE TRIGGER `rooms_count_messages` AFTER UPDATE OF `last_seq` ON `rooms`
WHEN NEW.`last_seq` > OLD.`last_seq`
BEGIN
	INSERT INTO `message_days` (`day`, `messages`) VALUES (NEW.`last_activity_at` / 86400000, NEW.`last_seq` - OLD.`last_seq`)
	ON CONFLICT (`day`) DO UPDATE SET `messages` = `messages` + excluded.`messages`;
END;
