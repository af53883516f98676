ALTER TABLE `analyses` ADD `updated_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `analyses` SET `updated_at` = `created_at` WHERE `updated_at` = '';
