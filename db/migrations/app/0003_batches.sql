CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`workflow_id` text NOT NULL,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batches_user_created` ON `batches` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `analyses` ADD `batch_id` text;--> statement-breakpoint
ALTER TABLE `analyses` ADD `batch_index` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `analyses_batch_item` ON `analyses` (`batch_id`,`batch_index`);